-- AlterTable
ALTER TABLE "Claim" ADD COLUMN "asserterDescription" TEXT;

-- AlterTable
ALTER TABLE "Citation" ADD COLUMN "sourceDescription" TEXT;

