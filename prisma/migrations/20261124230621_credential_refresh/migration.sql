-- AlterTable
ALTER TABLE "OAuthCredential" ADD COLUMN     "clientRegistrationId" UUID,
ADD COLUMN     "issuedAt" TIMESTAMP(3),
ADD COLUMN     "providerClientId" UUID,
ADD COLUMN     "resource" TEXT;

-- AddForeignKey
ALTER TABLE "OAuthCredential" ADD CONSTRAINT "OAuthCredential_providerClientId_fkey" FOREIGN KEY ("providerClientId") REFERENCES "ProviderClient"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthCredential" ADD CONSTRAINT "OAuthCredential_clientRegistrationId_fkey" FOREIGN KEY ("clientRegistrationId") REFERENCES "ClientRegistration"("id") ON DELETE SET NULL ON UPDATE CASCADE;
