package cache

import (
	"testing"
)

// Run against real Redis with TEST_REDIS_URL set (miniredis otherwise).

func BenchmarkWarmQuickrolls(b *testing.B) {
	env := newTestEnv(b)
	ctx, cid := b.Context(), env.sb.CompanyID
	if _, err := env.lookups.Quickrolls(ctx, cid, env.sb.Alice); err != nil {
		b.Fatal(err)
	}
	env.emu.ResetRequests()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := env.lookups.Quickrolls(ctx, cid, env.sb.Alice); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n := env.upstream(""); n != 0 {
		b.Fatalf("warm lookups made %d upstream calls", n)
	}
}

func BenchmarkWarmIdentity(b *testing.B) {
	env := newTestEnv(b)
	ctx, cid := b.Context(), env.sb.CompanyID
	if _, err := env.lookups.Identity(ctx, cid, "300"); err != nil {
		b.Fatal(err)
	}
	env.emu.ResetRequests()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := env.lookups.Identity(ctx, cid, "300"); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n := env.upstream(""); n != 0 {
		b.Fatalf("warm identities made %d upstream calls", n)
	}
}

func BenchmarkWarmQuickrollsParallel(b *testing.B) {
	env := newTestEnv(b)
	ctx, cid := b.Context(), env.sb.CompanyID
	if _, err := env.lookups.Quickrolls(ctx, cid, env.sb.Alice); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := env.lookups.Quickrolls(ctx, cid, env.sb.Alice); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
