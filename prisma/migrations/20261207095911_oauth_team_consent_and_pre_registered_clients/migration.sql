-- AlterTable
ALTER TABLE "OAuthConsent" ADD COLUMN     "teamId" UUID;

-- CreateTable
CREATE TABLE "OAuthPreRegisteredClient" (
    "id" UUID NOT NULL,
    "clientId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "redirectUris" TEXT[],
    "confidential" BOOLEAN NOT NULL,
    "teamId" UUID,
    "createdByUserId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthPreRegisteredClient_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OAuthPreRegisteredClient_clientId_key" ON "OAuthPreRegisteredClient"("clientId");

-- CreateIndex
CREATE INDEX "OAuthConsent_teamId_idx" ON "OAuthConsent"("teamId");

-- AddForeignKey
ALTER TABLE "OAuthConsent" ADD CONSTRAINT "OAuthConsent_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthPreRegisteredClient" ADD CONSTRAINT "OAuthPreRegisteredClient_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthPreRegisteredClient" ADD CONSTRAINT "OAuthPreRegisteredClient_createdByUserId_fkey" FOREIGN KEY ("createdByUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A consent's team is part of what its tokens reach: the gateway's cached checks must drop when it
-- changes, like when the profile or grant does (see oauth_consent_notify).
DROP TRIGGER "OAuthConsent_notify_gateway_auth" ON "OAuthConsent";
CREATE TRIGGER "OAuthConsent_notify_gateway_auth"
  AFTER UPDATE OF "grantId", "restricted", "teamId", "userId" OR DELETE ON "OAuthConsent"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_gateway_auth_change"();
