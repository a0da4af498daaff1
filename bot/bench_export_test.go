package bot

// Unexported hot-path pieces, for the benchmarks in bench_verify_test.go (package bot_test,
// which may import bottest).
var (
	VerifySignatureForBench = verifySignature
	FreshTimestampForBench  = freshTimestamp
	WriteJSONForBench       = writeJSON
)
