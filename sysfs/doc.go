// Package sysfs is the filesystem type "sysfs", which govfs.Boot mounts
// at /sys: the kernel's objects as small files, in the shape of Linux's
// kernfs. Every attribute file reports size 4096 (a page, whatever it
// holds), builds its bytes at open and parses a write; directories list
// what the kernel has. Every mount shows the same tree.
//
//	/sys/kernel/{address_bits,cpu_byteorder,uevent_seqnum}
//	/sys/devices/virtual/mem/NAME/{dev,uevent,subsystem}
//	/sys/class/mem/NAME -> ../../devices/virtual/mem/NAME
//	/sys/dev/char/MAJ:MIN -> ../../devices/virtual/mem/NAME
//	/sys/module/pipefs/parameters/{max_size,user_pages_soft}
//	/sys/fs/
//
// The memory devices are read from the kernel's char device registry
// when sysfs is registered (register it after the drivers, as Boot
// does). /sys/module/pipefs is govfs's own, not Linux's (pipefs is no
// module there): its parameters are the pipefs sysctls fs.pipe-max-size
// and fs.pipe-user-pages-soft under another name, read and written
// through the kernel's sysctl tree.
package sysfs
