//go:build linux

package vfstest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfstest"
)

// Mount calls work only inside InNamespace, and a namespace block refuses
// what would run on another thread (As) and nesting.
func TestMountOnlyInsideANamespaceBlock(t *testing.T) {
	tr := vfstest.Record(t, vfstest.NewHost(t), sc("refusals", func(s *vfstest.Session) {
		s.Mkdir("mnt", 0o755)
		s.Mount("tmpfs", "mnt", "tmpfs", 0, "")
		s.Umount("mnt", 0)
		s.InNamespace(func(m *vfstest.Session) {
			m.As(0, 0, nil, func(*vfstest.Session) {})
			m.InNamespace(func(*vfstest.Session) {})
			m.Mount("tmpfs", "mnt", "tmpfs", 0, "")
			m.Mount("tmpfs", "..", "tmpfs", 0, "")
		})
		s.Stat("mnt")
	}))
	require.Equal(t, vfstest.Transcript{
		`mkdir("mnt", 0755) = 0`,
		`mount("tmpfs", "mnt", "tmpfs", 0, "") = -1 error("only inside InNamespace")`,
		`umount2("mnt", 0) = -1 error("only inside InNamespace")`,
		`unshare(CLONE_NEWNS) = 0`,
		`[ns] as(uid=0, gid=0, groups=[]) = -1 error("unsupported inside As")`,
		`[ns] unshare(CLONE_NEWNS) = -1 error("unsupported inside As")`,
		`[ns] mount("tmpfs", "mnt", "tmpfs", 0, "") = 0`,
		`[ns] mount("tmpfs", "..", "tmpfs", 0, "") = -1 error("vfstest: mount path \"..\" outside the sandbox refused")`,
		`stat("mnt") = {dir 0755 nlink=2 uid=0 gid=0}`,
	}, tr)
}
