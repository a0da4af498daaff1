package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConsoleShowsTheStatsChartAndSavesItWhenAsked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "charts")
	script := "/quickroll name:\"Strength + Brawl\"\n/stats\n/stats chart:false\n"
	code, out, errOut := runConsoleCmd(t, script, nil, "-save-files", dir)
	require.Equal(t, 0, code, out+errOut)
	path := filepath.Join(dir, "stats.png")
	assert.Regexp(t, `\[chart: stats\.png, [0-9]+ bytes\] saved to `+regexp.QuoteMeta(path), out)
	assert.Contains(t, out, "(image) attachment://stats.png", "the embed shows the chart")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Equal(t, 800, img.Bounds().Dx())
	_, err = os.Stat(filepath.Join(dir, "stats-2.png"))
	assert.True(t, os.IsNotExist(err), "chart:false attaches nothing")
}

func TestConsoleWithoutSaveFilesOnlyShowsTheChart(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	code, out, errOut := runConsoleCmd(t, "/quickroll name:\"Strength + Brawl\"\n/stats\n", nil)
	require.Equal(t, 0, code, out+errOut)
	assert.Regexp(t, `\[chart: stats\.png, [0-9]+ bytes\]\n`, out)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written")
}
