package vfs_test

import (
	"os"

	"github.com/govfs/govfs/pipefs"
	"github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfs"
)

// A pipe made before a fork: two processes, two fd tables, and the same
// two Files in both, whose ends lead to one pipe buffer. The buffer
// counts one reader and one writer: it counts Files, not fds, which is
// why a pipe reaches end of file only when every fd on its write end,
// in every process, is closed.
func ExampleKernel_Diagram() {
	k := vfs.NewKernel()
	tmpfs.Register(k)
	pipefs.Register(k)
	k.MountRoot("tmpfs", 0, "")
	defer k.Shutdown()
	p := k.Init()
	fds := make([]int, 2)
	p.Pipe(fds)
	p.Fork()
	p.Write(fds[1], []byte("hello"))

	k.Diagram(vfs.DiagramOptions{}).WriteMermaid(os.Stdout)
	// Output:
	// flowchart LR
	//     p1(["process 1"])
	//     p2(["process 2"])
	//     fdt1[["fd table"]]
	//     fdt2[["fd table"]]
	//     file1["File<br>O_RDONLY"]
	//     file2["File<br>O_WRONLY"]
	//     d1("pipe:[2]")
	//     d2("pipe:[2]")
	//     ino_pipefs_1_2{{"inode 2<br>S_IFIFO#124;0600<br>nlink 1"}}
	//     sb_pipefs_1[("pipefs<br>dev 0:1")]
	//     pipe1>"pipe buffer<br>5 bytes in 1 of 16 slots<br>1 reader, 1 writer"]
	//     p1 -->|"files"| fdt1
	//     p2 -->|"files"| fdt2
	//     fdt1 -->|"fd 0"| file1
	//     fdt1 -->|"fd 1"| file2
	//     fdt2 -->|"fd 0"| file1
	//     fdt2 -->|"fd 1"| file2
	//     file1 -->|"f_path.dentry"| d1
	//     file2 -->|"f_path.dentry"| d2
	//     file1 -->|"reads"| pipe1
	//     file2 -->|"writes"| pipe1
	//     d1 -->|"d_inode"| ino_pipefs_1_2
	//     d2 -->|"d_inode"| ino_pipefs_1_2
	//     ino_pipefs_1_2 -->|"i_sb"| sb_pipefs_1
}
