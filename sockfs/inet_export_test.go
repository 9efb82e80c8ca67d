package sockfs

import "github.com/govfs/govfs/vfs"

// testFSType stands in for sockfs's own type while only inet is here.
type testFSType struct{}

func (testFSType) Name() string { return "sockfs" }
func (testFSType) Mount(*vfs.Kernel, string, uintptr, string) (*vfs.SuperBlock, error) {
	return nil, vfs.EINVAL
}

// RegisterInetForTest registers AF_INET and AF_INET6 on a kernel whose
// Boot did not (before sockfs's Register calls registerInet).
func RegisterInetForTest(k *vfs.Kernel) error {
	sb := vfs.NewSuperBlock(k, testFSType{}, vfs.SOCKFS_MAGIC, nil)
	root := &vfs.Inode{}
	root.Init(sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	sb.SetRoot(root)
	return registerInet(k, k.KernMount(sb))
}
