// Package vclienttest is an in-memory emulator of the Valentina Noir REST API
// (v1, per the team's wire contract) for tests, the console sandbox and
// benchmarks.
//
// It is faithful where the bot can notice: status codes (201 on creates and
// action POSTs, 204 on deletes), problem+json bodies (full-URL instance,
// invalid_parameters with string or array fields, retry_after, current_xp and
// required_xp), the trusting permission rules (requesting_user_id,
// permission_grant_xp), XP and cool-point effects, the exact D10 scoring with
// a seedable RNG, statistics computed from stored rolls, idempotency replay
// with no lock between concurrent requests, and an optional token-bucket rate
// limiter with draft RateLimit headers and no Retry-After.
//
// A test typically does:
//
//	srv := vclienttest.NewServer(t)
//	sb := vclienttest.SeedSandbox(srv.Emulator)
//	api, _ := vclient.New(srv.URL, vclienttest.DefaultAPIKey)
//	// ... run the code under test against api ...
//	assert.Equal(t, 1, srv.CountRequests("POST", "POST /users/{user_id}/experience/xp/add"))
//	assert.Equal(t, 5, srv.Experience(sb.Alice, sb.CampaignID).XPTotal)
//
// Faults (InjectFault) add latency, answer with an error status, or apply a
// request and then drop its response, per route template. The request log
// (Requests, CountRequests) records every request with its route template,
// the same template vclient reports to observers.
//
// IDs are deterministic 24-hex ObjectId-like strings. Path IDs that are not
// ObjectIds fail validation with 400, as on the real server.
package vclienttest
