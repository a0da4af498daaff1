package console

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/noirbot/noirbot/bot"
)

// SaveFiles makes the console write every file attached to an answer (a
// /stats chart, say) into dir, which must exist; "" stops saving. A name
// already saved in this run gets a number ("stats-2.png") rather than
// overwriting the earlier file.
func (c *REPL) SaveFiles(dir string) {
	c.saveDir = dir
	c.saved = map[string]int{}
}

// writeAttachment prints an attachment as "[chart: stats.png, 1234 bytes]"
// (an image is a chart: the only pictures noirbot draws) and, when saving,
// where it was written.
func (c *REPL) writeAttachment(w io.Writer, a bot.Attachment) {
	kind := "file"
	if strings.HasPrefix(a.ContentType, "image/") {
		kind = "chart"
	}
	line := fmt.Sprintf("[%s: %s, %d bytes]", kind, a.Name, len(a.Data))
	if c.saveDir != "" {
		path, err := c.save(a)
		if err != nil {
			line += " not saved: " + err.Error()
		} else {
			line += " saved to " + path
		}
	}
	fmt.Fprintln(w, line)
}

// save writes an attachment into the save directory under its own name, made
// safe (no directories) and numbered when this run already saved that name.
func (c *REPL) save(a bot.Attachment) (string, error) {
	name := filepath.Base(filepath.Clean("/" + a.Name))
	if name == "/" || name == "." {
		name = "file"
	}
	c.saved[name]++
	if n := c.saved[name]; n > 1 {
		ext := filepath.Ext(name)
		name = strings.TrimSuffix(name, ext) + "-" + strconv.Itoa(n) + ext
	}
	path := filepath.Join(c.saveDir, name)
	if err := os.WriteFile(path, a.Data, 0o644); err != nil {
		return "", err
	}
	return path, nil
}
