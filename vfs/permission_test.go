package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The access hooks through a tiny backend ("guardfs") shaped like
// /proc/sys: a 0777 root whose lookups make no negative dentries, and
// "ro", a 0644 file whose Permission refuses every write (root's too)
// and whose mode and owner cannot change.

type guardFS struct{}

func (guardFS) Name() string { return "guardfs" }

func (g guardFS) Mount(k *vfs.Kernel, _ string, _ uintptr, _ string) (*vfs.SuperBlock, error) {
	sb := vfs.NewSuperBlock(k, g, 0x9fa1, nil)
	d := &guardDir{sb: sb}
	d.Init(sb, d, vfs.Attr{Mode: vfs.S_IFDIR | 0o777})
	sb.SetRoot(&d.Inode)
	return sb, nil
}

type guardDir struct {
	vfs.Inode
	sb *vfs.SuperBlock
	ro *vfs.Inode
}

func (*guardDir) NoNegatives() {}

func (d *guardDir) Lookup(name string) (*vfs.Inode, error) {
	if name != "ro" {
		return nil, vfs.ENOENT
	}
	if d.ro == nil {
		f := &guardFile{}
		f.Generate = func(b []byte) ([]byte, error) { return append(b, "1\n"...), nil }
		f.Store = func([]byte) error { return nil }
		f.Init(d.sb, f, vfs.Attr{Mode: vfs.S_IFREG | 0o644})
		d.ro = &f.Inode
	}
	return d.ro, nil
}

func (*guardDir) Mkdir(*vfs.Dentry, vfs.Attr) (*vfs.Inode, error) { return nil, vfs.EROFS }

type guardFile struct {
	vfs.Inode
	vfs.GenFile
}

func (f *guardFile) Permission(c *vfs.Cred, mask int) error {
	if mask&vfs.W_OK != 0 {
		return vfs.EACCES
	}
	return vfs.GenericPermission(c, &f.Inode, mask)
}

func (*guardFile) CheckSetattr(valid uint) error {
	if valid&(vfs.ATTR_MODE|vfs.ATTR_UID) != 0 {
		return vfs.EPERM
	}
	return nil
}

var (
	_ vfs.Permissioner   = (*guardFile)(nil)
	_ vfs.SetattrChecker = (*guardFile)(nil)
	_ vfs.NoNegatives    = (*guardDir)(nil)
)

func bootGuard(t *testing.T) *vfs.Process {
	k, p := newSystem(t)
	require.NoError(t, k.RegisterFileSystem(guardFS{}))
	require.NoError(t, p.Mkdir("/g", 0o755))
	require.NoError(t, p.Mount("guardfs", "/g", "guardfs", 0, ""))
	return p
}

func TestAccessHooks(t *testing.T) {
	t.Run("permission_method_refuses_root_a_write_the_mode_allows", func(t *testing.T) {
		p := bootGuard(t)
		_, err := p.Open("/g/ro", vfs.O_WRONLY, 0)
		requireErrno(t, err, vfs.EACCES)
		requireErrno(t, p.Access("/g/ro", vfs.W_OK), vfs.EACCES)
		requireErrno(t, p.Truncate("/g/ro", 0), vfs.EACCES)
		require.NoError(t, p.Access("/g/ro", vfs.R_OK))
		require.Equal(t, "1\n", readFile(t, p, "/g/ro"))
	})
	t.Run("permission_method_falls_back_to_the_mode_bits", func(t *testing.T) {
		u := forkAs(t, bootGuard(t), userUID, userGID)
		require.NoError(t, u.Access("/g/ro", vfs.R_OK))
		requireErrno(t, u.Access("/g/ro", vfs.X_OK), vfs.EACCES)
	})
	t.Run("setattr_check_sees_what_the_call_changes", func(t *testing.T) {
		p := bootGuard(t)
		requireErrno(t, p.Chmod("/g/ro", 0o644), vfs.EPERM)
		requireErrno(t, p.Chown("/g/ro", 0, -1), vfs.EPERM)
		require.NoError(t, p.Chown("/g/ro", -1, 0))
		require.NoError(t, p.Chown("/g/ro", -1, -1))
		require.NoError(t, p.UtimesNano("/g/ro", nil))
	})
	t.Run("no_negatives_is_ENOENT_before_the_write_permission", func(t *testing.T) {
		p := bootGuard(t)
		require.NoError(t, p.Chmod("/g", 0o555))
		for _, who := range []*vfs.Process{p, forkAs(t, p, userUID, userGID)} {
			requireErrno(t, who.Mkdir("/g/new", 0o755), vfs.ENOENT)
			_, err := who.Open("/g/new", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
			requireErrno(t, err, vfs.ENOENT)
			requireErrno(t, who.Symlink("x", "/g/new"), vfs.ENOENT)
			requireErrno(t, who.Mknod("/g/new", vfs.S_IFIFO|0o644, 0), vfs.ENOENT)
			requireErrno(t, who.Rename("/g/ro", "/g/new"), vfs.ENOENT)
		}
		// A filesystem with negative dentries asks the permission.
		u := forkAs(t, p, userUID, userGID)
		requireErrno(t, u.Mkdir("/new", 0o755), vfs.EACCES)
	})
}
