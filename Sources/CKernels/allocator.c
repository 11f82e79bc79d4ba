// Allocator settings for large, short-lived numeric buffers (see bp_retain_freed_memory).
#include "CKernels.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc (CKernels.h only pulls in the compiler's stddef.h)

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int bp_retain_freed_memory(size_t trimThreshold, size_t mmapThreshold) {
#if defined(__GLIBC__)
  const int trim = mallopt(M_TRIM_THRESHOLD, (int)(trimThreshold > 0x7fffffff ? 0x7fffffff : trimThreshold));
  const int mmap = mallopt(M_MMAP_THRESHOLD, (int)(mmapThreshold > 0x7fffffff ? 0x7fffffff : mmapThreshold));
  return trim == 1 && mmap == 1 ? 1 : 0;
#else
  (void)trimThreshold;
  (void)mmapThreshold;
  return 0;
#endif
}
