// Everything CVDPLinux offers is in include/CVDPLinux.h; this file only gives SwiftPM a C source to compile.
#include "CVDPLinux.h"
