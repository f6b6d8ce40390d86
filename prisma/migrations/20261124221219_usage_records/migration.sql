-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" UUID NOT NULL,
    "gatewayTokenId" UUID,
    "installationId" UUID,
    "tool" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "errorCode" TEXT,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UsageRecord_userId_at_idx" ON "UsageRecord"("userId", "at");

-- CreateIndex
CREATE INDEX "UsageRecord_installationId_at_idx" ON "UsageRecord"("installationId", "at");
