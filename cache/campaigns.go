package cache

import "context"

// InvalidateCampaigns drops the company's cached campaign list, after a change to one of its
// campaigns (danger, desperation), so every replica reads the new values.
func (l *Lookups) InvalidateCampaigns(ctx context.Context, companyID string) {
	l.s.invalidate(ctx, "invalidate-campaigns", l.s.cacheKey("campaigns:"+companyID))
}
