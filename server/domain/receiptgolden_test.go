package domain

import (
	"testing"
	"time"
)

// TestReceiptDigestOfOlderReceipts: a receipt as recorded before files
// carried check warnings keeps its digest (the field is left out when
// empty), so every receipt already handed out still verifies.
func TestReceiptDigestOfOlderReceipts(t *testing.T) {
	r := Receipt{SubmissionID: 7, TeamID: 3, Version: 2, SubmittedAt: time.Date(2026, 3, 1, 9, 30, 0, 123000, time.UTC),
		Title: "Solar roof", Abstract: "A roof.", Fields: map[string]string{"repo": "https://git.example.org/x"},
		Files: []ReceiptFile{{FileID: "0b0c2e9e-8a57-4d1e-9b7c-2f1f3e0d8c11", Slot: "deck", Filename: "deck.pdf", Size: 1024,
			SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}}
	if got := ComputeDigest(r); got != "bcb68f65844d352d798a865fe96cc0cc95a60c5facf19f9091fb399abea6d683" {
		t.Errorf("digest %s", got)
	}
}
