-- AlterEnum
ALTER TYPE "Modality" ADD VALUE 'SPECULATES';

-- AlterTable
ALTER TABLE "Claim" ADD COLUMN     "asserterDescription" TEXT;

-- AlterTable
ALTER TABLE "Citation" ADD COLUMN     "sourceDescription" TEXT;

