// Package vclienttest is an in-memory emulator of the Valentina Noir REST API
// for tests, the console sandbox and benchmarks. It speaks either generation
// of the wire contract: v1 (the default) or, with WithAPIVersion(V2), v2.
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
//	sb := vclienttest.SeedDemo(srv.Emulator)
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
// In v1, IDs are deterministic 24-hex ObjectId-like strings. Path IDs that
// are not ObjectIds fail validation with 400, as on the real server.
//
// In v2 (contract v2) the emulator serves only v2 paths (company-level
// /campaigns, /characters and /dicerolls, GET /api/v1/users/lookup; v1-only
// paths answer 404, as v2 paths do in v1) and every id it creates, seeded data
// included, is a UUID v7. The acting user is the On-Behalf-Of header, read per
// route class (ignored, optional, required → 400, required → 403) with the
// contract's exact errors; UNAPPROVED and DEACTIVATED acting users are refused.
// Every response to a matched route carries X-Request-Id (req_ + 22
// characters) and every problem its request_id; identity errors carry a code.
// Token verification for auth/identify and identity links calls a Discord API
// whose base URL WithDiscordAPI sets. Each logged Request keeps its
// On-Behalf-Of value, so a test can assert that every call named the caller:
//
//	srv := vclienttest.NewServer(t, vclienttest.WithAPIVersion(vclienttest.V2))
//	sb := vclienttest.SeedDemo(srv.Emulator) // same names, roles and Discord ids as v1
//	// ... run the code under test as Alice ...
//	for _, r := range srv.Requests() {
//		assert.Equal(t, sb.Alice, r.OnBehalfOf, r.Route)
//	}
//
// WithRequestLogLimit bounds the request log (a ring) and the stored bodies
// for long runs such as `noirbot emulator`.
package vclienttest
