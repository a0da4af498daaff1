package bot

import (
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// maxSkew is how far an interaction's timestamp may be from now, either way.
const maxSkew = 5 * time.Minute

// verifySignature checks X-Signature-Ed25519 over X-Signature-Timestamp + body.
func verifySignature(h http.Header, body []byte, key ed25519.PublicKey) bool {
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize || len(key) != ed25519.PublicKeySize {
		return false
	}
	ts := h.Get("X-Signature-Timestamp")
	if ts == "" {
		return false
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	return ed25519.Verify(key, msg, sig)
}

// freshTimestamp reports whether the (unix seconds) timestamp is within maxSkew of now.
func freshTimestamp(ts string, now time.Time) bool {
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := now.Sub(time.Unix(secs, 0))
	return d <= maxSkew && d >= -maxSkew
}
