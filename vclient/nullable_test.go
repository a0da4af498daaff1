package vclient

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNullable(t *testing.T) {
	type body struct {
		A Nullable[string] `json:"a,omitzero"`
		B Nullable[string] `json:"b,omitzero"`
		C Nullable[int]    `json:"c,omitzero"`
	}
	data, err := json.Marshal(body{A: Value("x"), B: Null[string]()})
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":"x","b":null}`, string(data))

	var got body
	require.NoError(t, json.Unmarshal([]byte(`{"a":"y","b":null,"c":3}`), &got))
	v, ok := got.A.Get()
	assert.True(t, ok)
	assert.Equal(t, "y", v)
	assert.True(t, got.B.IsNull())
	_, ok = got.B.Get()
	assert.False(t, ok)
	assert.Equal(t, Value(3), got.C)
	assert.Error(t, json.Unmarshal([]byte(`{"c":"nope"}`), &got))

	var unset Nullable[string]
	assert.True(t, unset.IsZero())
	assert.False(t, unset.IsNull())
	raw, err := unset.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, "null", string(raw))
}
