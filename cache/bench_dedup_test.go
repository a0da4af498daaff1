package cache

import (
	"strconv"
	"testing"
)

// Run against real Redis with TEST_REDIS_URL set (miniredis otherwise).

// BenchmarkFirstDelivery is the de-duplication every interaction goes through: a new
// interaction id, so a SET NX reaches Redis each time.
func BenchmarkFirstDelivery(b *testing.B) {
	env := newTestEnv(b)
	ctx := b.Context()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		if !env.store.FirstDelivery(ctx, "9"+strconv.Itoa(i)) {
			b.Fatal("a new interaction was taken for a duplicate")
		}
	}
}

// BenchmarkWarmQuickrollLookups is every cached read a warm /quickroll makes before its one
// API call: the caller's identity, their quickrolls, their characters and the character's
// traits.
func BenchmarkWarmQuickrollLookups(b *testing.B) {
	env := newTestEnv(b)
	ctx, cid, sb := b.Context(), env.sb.CompanyID, env.sb
	read := func() error {
		if _, err := env.lookups.Identity(ctx, cid, "300"); err != nil {
			return err
		}
		if _, err := env.lookups.Quickrolls(ctx, cid, sb.Alice); err != nil {
			return err
		}
		if _, err := env.lookups.Characters(ctx, cid, sb.CampaignID, sb.Alice, env.alice()); err != nil {
			return err
		}
		_, err := env.lookups.CharacterTraits(ctx, cid, sb.CampaignID, sb.Mara, env.alice())
		return err
	}
	if err := read(); err != nil {
		b.Fatal(err)
	}
	env.emu.ResetRequests()
	b.ReportAllocs()
	for b.Loop() {
		if err := read(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n := env.upstream(""); n != 0 {
		b.Fatalf("warm lookups made %d upstream calls", n)
	}
}
