package vclient

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mustTime parses an RFC 3339 timestamp or panics.
func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestTimestampsParseEveryFormTheAPISends(t *testing.T) {
	want := time.Date(2026, 7, 15, 14, 7, 46, 0, time.UTC)
	tests := []struct {
		name, value string
		want        time.Time
	}{
		{"whole seconds, Z (v1, bumped v2 timestamps)", "2026-07-15T14:07:46Z", want},
		{"microseconds, Z (v2)", "2026-07-15T14:07:46.512345Z", want.Add(512345 * time.Microsecond)},
		{"microseconds, +00:00 (v2 character traits)", "2026-07-15T14:07:46.512345+00:00", want.Add(512345 * time.Microsecond)},
		{"whole seconds, +00:00", "2026-07-15T14:07:46+00:00", want},
		{"another offset", "2026-07-15T16:07:46.5+02:00", want.Add(500 * time.Millisecond)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ct CharacterTrait
			body := `{"id":"ct1","date_created":"` + tt.value + `","date_modified":null}`
			require.NoError(t, json.Unmarshal([]byte(body), &ct))
			assert.True(t, tt.want.Equal(ct.DateCreated), "got %s", ct.DateCreated)
			assert.True(t, ct.DateModified.IsZero(), "null leaves the zero time")

			var u User
			require.NoError(t, json.Unmarshal([]byte(`{"date_created":"`+tt.value+`"}`), &u))
			assert.True(t, tt.want.Equal(u.DateCreated))
		})
	}
}

func TestUserDecodesBothDialects(t *testing.T) {
	var v1 User
	require.NoError(t, json.Unmarshal([]byte(userJSON), &v1))
	assert.Equal(t, "John Doe", v1.Username, "v1: the username is the name")
	assert.Empty(t, v1.DiscordID(), "an all-null v1 profile is not linked")

	var v2 User
	require.NoError(t, json.Unmarshal([]byte(userV2JSON), &v2))
	assert.Equal(t, wantUserV2(), &v2)
	assert.Equal(t, "123456789012345678", v2.DiscordID())
	assert.Empty(t, v2.Name, "v2 has no name")

	var unlinked User
	require.NoError(t, json.Unmarshal([]byte(`{"id":"u2","username":"x","discord_profile":null,"avatar_url":null}`), &unlinked))
	assert.Empty(t, unlinked.DiscordID())
	assert.Equal(t, DiscordProfile{}, unlinked.DiscordProfile)

	assert.Error(t, json.Unmarshal([]byte(`{"id":1}`), &unlinked))
}

func TestRoles(t *testing.T) {
	for _, r := range []Role{RoleAdmin, RoleStoryteller, RolePlayer} {
		assert.True(t, r.Valid(), r)
		assert.True(t, r.CanAct(), r)
	}
	for _, r := range []Role{RoleUnapproved, RoleDeactivated} {
		assert.True(t, r.Valid(), r)
		assert.False(t, r.CanAct(), r)
	}
	assert.False(t, Role("GOD").Valid())
	assert.False(t, Role("").CanAct())
}
