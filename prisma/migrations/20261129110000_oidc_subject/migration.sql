-- AlterTable
ALTER TABLE "User" ADD COLUMN     "subject" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "User_subject_key" ON "User"("subject");

