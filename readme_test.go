package govfs_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadme keeps README.md honest about the repository a user has:
// every example it names exists, every example directory is a chapter
// or a side trip of the learning path, and no link leaves the repo.
func TestReadme(t *testing.T) {
	b, err := os.ReadFile("README.md")
	require.NoError(t, err)
	readme := string(b)

	dirs, err := os.ReadDir("examples")
	require.NoError(t, err)
	var examples []string
	for _, d := range dirs {
		if d.IsDir() {
			examples = append(examples, d.Name())
		}
	}

	t.Run("every_named_example_exists", func(t *testing.T) {
		for _, m := range regexp.MustCompile(`examples/([a-z-]+)`).FindAllStringSubmatch(readme, -1) {
			if m[1] == "NAME" {
				continue
			}
			require.Contains(t, examples, m[1], "README names examples/%s", m[1])
		}
	})

	t.Run("every_example_is_on_the_learning_path", func(t *testing.T) {
		chapters := regexp.MustCompile("(?m)^\\| [0-9]+ \\| `([a-z-]+)` \\|").FindAllStringSubmatch(readme, -1)
		require.NotEmpty(t, chapters)
		var named []string
		for _, c := range chapters {
			named = append(named, c[1])
			require.Contains(t, examples, c[1], "chapter %s has no example", c[1])
		}
		for _, trip := range regexp.MustCompile("Side trips: ([^\n]*(?:\n[^\n]+)*)").FindAllStringSubmatch(readme, -1) {
			for _, m := range regexp.MustCompile("`([a-z-]+)`").FindAllStringSubmatch(trip[1], -1) {
				named = append(named, m[1])
			}
		}
		for _, e := range examples {
			require.True(t, slices.Contains(named, e), "examples/%s is not on README's learning path", e)
		}
	})

	t.Run("links_stay_in_the_repo", func(t *testing.T) {
		for _, m := range regexp.MustCompile(`\]\(([^)#][^)]*)\)`).FindAllStringSubmatch(readme, -1) {
			target := m[1]
			require.NotContains(t, target, "..", "README links outside the repo: %s", target)
			if regexp.MustCompile(`^[a-z]+://`).MatchString(target) {
				continue
			}
			_, err := os.Stat(filepath.FromSlash(target))
			require.NoError(t, err, "README links to %s", target)
		}
	})
}
