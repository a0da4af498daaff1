package vclient

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckLenCountsCharactersNotBytes(t *testing.T) {
	assert.NoError(t, checkLen("name", "Ève", 3, 50))
	assert.Error(t, checkLen("name", "  ab  ", 3, 50), "surrounding spaces do not count")
	assert.NoError(t, checkLen("content", "abc", 3, 0))
}

func TestCheckEmail(t *testing.T) {
	for _, ok := range []string{"a@b", "john@example.com"} {
		assert.NoError(t, checkEmail("email", ok), ok)
	}
	for _, bad := range []string{"", "@b", "a@", "john", "jo hn@x.y"} {
		assert.Error(t, checkEmail("email", bad), bad)
	}
}

func TestRoleValid(t *testing.T) {
	assert.True(t, RoleAdmin.Valid())
	assert.True(t, RoleStoryteller.Valid())
	assert.True(t, RolePlayer.Valid())
	assert.False(t, Role("player").Valid())
}
