-- AlterTable
ALTER TABLE "DeploymentEvent" ADD COLUMN     "commit" TEXT,
ADD COLUMN     "deployer" TEXT;

