-- CreateTable
CREATE TABLE "InstanceSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "idJagEnabled" BOOLEAN NOT NULL DEFAULT false,
    "updatedByUserId" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InstanceSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpentIdJag" (
    "issuer" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SpentIdJag_pkey" PRIMARY KEY ("issuer","jti")
);

-- CreateIndex
CREATE INDEX "SpentIdJag_expiresAt_idx" ON "SpentIdJag"("expiresAt");
