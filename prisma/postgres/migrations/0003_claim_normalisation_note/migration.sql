-- AlterTable
ALTER TABLE "Claim" ADD COLUMN     "normalisedBy" INTEGER,
ADD COLUMN     "valueNote" TEXT;

