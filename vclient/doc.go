// Package vclient is a client for the Valentina Noir REST API, in both of its generations:
// contract v2 (the hosted API since 2026-04-15, the default) and v1 (server commit bb19e24),
// chosen once per client with WithAPIVersion. Both live under /api/v1; callers never branch
// on the generation.
//
// A Client is safe for concurrent use. Services hang off it, scoped to a company (and, where
// the API needs them, to a campaign or a character). Every call made for a person goes
// through a view of the client acting for them, made by OnBehalfOf: v1 puts the acting user
// in requesting_user_id or the {user_id} path segment, v2 in the On-Behalf-Of header:
//
//	c, err := vclient.New("https://api.valentina-noir.com", apiKey)
//	user, err := c.Users(companyID).Get(ctx, userID)
//	xp, err := c.OnBehalfOf(storytellerID).Users(companyID).AddXP(ctx, userID, campaignID, 50)
//
// Methods only v2 offers (Lookup, Identify, the approval queue, identities, avatars, the full
// sheet, trait values, campaign updates) return ErrUnsupported in v1 without a request.
// DetectAPIVersion tells the generations apart with one probe.
//
// # Errors
//
// A non-2xx answer is an *APIError carrying the problem+json fields (v2 adds the request id
// and, on identity errors, a code); match it with errors.Is against ErrValidation (400),
// ErrAuthentication (401), ErrAuthorization (403), ErrNotFound (404), ErrConflict (409),
// ErrRateLimited (429) or ErrServer (5xx). Requests that fail the
// client's own checks are never sent and return a *RequestValidationError (ErrRequestValidation)
// naming the field.
//
// # Retries and idempotency
//
// Every POST and PATCH carries an Idempotency-Key: a fresh UUID per logical call (reused by its
// retries), or the caller's key from WithIdempotencyKey. The body is encoded once and replayed
// byte for byte. A 429 is retried for every method after the wait the API announced, unless
// that wait would pass the context's deadline. 500/502/503/504 and network errors are retried
// with full-jitter backoff for GET, PUT, DELETE and keyed writes only. A write whose attempt
// timed out waits one more timeout before retrying, so the first attempt has finished and the
// retry is answered from the API's idempotency store. A DELETE answered 404 after an earlier
// attempt failed is a success. The client also keeps a token bucket sized from the last
// RateLimit-Policy header, and waits before sending rather than collecting 429s.
//
// # Pagination
//
// GetPage-style methods return one Page; All-style methods are iter.Seq2 iterators walking pages
// of 100; ListAll-style methods collect an iterator into a slice.
package vclient
