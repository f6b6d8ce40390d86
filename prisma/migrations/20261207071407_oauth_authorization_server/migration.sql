-- CreateTable
CREATE TABLE "OidcPayload" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payloadCiphertext" TEXT NOT NULL,
    "grantId" TEXT,
    "userCode" TEXT,
    "uid" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "OidcPayload_pkey" PRIMARY KEY ("kind","id")
);

-- CreateTable
CREATE TABLE "OAuthConsent" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientName" TEXT,
    "metadataHost" TEXT,
    "grantId" TEXT,
    "restricted" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "OAuthConsent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthConsentInstallation" (
    "consentId" UUID NOT NULL,
    "installationId" UUID NOT NULL,

    CONSTRAINT "OAuthConsentInstallation_pkey" PRIMARY KEY ("consentId","installationId")
);

-- CreateTable
CREATE TABLE "OAuthSigningKey" (
    "id" UUID NOT NULL,
    "kid" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateJwkCiphertext" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthSigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OidcPayload_grantId_idx" ON "OidcPayload"("grantId");

-- CreateIndex
CREATE INDEX "OidcPayload_uid_idx" ON "OidcPayload"("uid");

-- CreateIndex
CREATE INDEX "OidcPayload_expiresAt_idx" ON "OidcPayload"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthConsent_grantId_key" ON "OAuthConsent"("grantId");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthConsent_userId_clientId_key" ON "OAuthConsent"("userId", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthSigningKey_kid_key" ON "OAuthSigningKey"("kid");

-- AddForeignKey
ALTER TABLE "OAuthConsent" ADD CONSTRAINT "OAuthConsent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthConsentInstallation" ADD CONSTRAINT "OAuthConsentInstallation_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "OAuthConsent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthConsentInstallation" ADD CONSTRAINT "OAuthConsentInstallation_installationId_fkey" FOREIGN KEY ("installationId") REFERENCES "Installation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
