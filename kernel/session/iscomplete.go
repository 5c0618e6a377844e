package session

import (
	"go/token"
	"strings"

	"github.com/petri-mea/petri/kernel/cell"
)

// IsComplete tells a console whether code is ready to run: "complete", "incomplete"
// (an open brace, bracket, string or comment: wait for more lines) or "invalid".
func IsComplete(code string) string {
	if strings.TrimSpace(code) == "" {
		return "complete"
	}
	_, err := cell.Parse(token.NewFileSet(), "cell", code)
	if err == nil {
		return "complete"
	}
	msg := err.Error()
	for _, eof := range []string{"found 'EOF'", "not terminated", "found EOF", "unexpected EOF"} {
		if strings.Contains(msg, eof) {
			return "incomplete"
		}
	}
	return "invalid"
}
