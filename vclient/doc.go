// Package vclient is a client for the Valentina Noir REST API (v1, server commit bb19e24).
//
// A Client is safe for concurrent use. Services hang off it, scoped to a company (and, where
// the API's paths need them, to an acting user, a campaign or a character):
//
//	c, err := vclient.New("https://api.valentina-noir.com", apiKey)
//	user, err := c.Users(companyID).Get(ctx, userID)
//	xp, err := c.Users(companyID).AddXP(ctx, userID, campaignID, 50, storytellerID)
//
// # Errors
//
// A non-2xx answer is an *APIError carrying the problem+json fields; match it with errors.Is
// against ErrValidation (400), ErrAuthentication (401), ErrAuthorization (403), ErrNotFound
// (404), ErrConflict (409), ErrRateLimited (429) or ErrServer (5xx). Requests that fail the
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
