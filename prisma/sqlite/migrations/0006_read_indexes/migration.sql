-- CreateIndex
CREATE INDEX "Claim_subjectId_documentId_id_idx" ON "Claim"("subjectId", "documentId", "id");

