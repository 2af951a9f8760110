#ifndef UNROLL_PROCESSOR_H
#define UNROLL_PROCESSOR_H

/// 1 when this processor has 512-bit vector registers (AVX-512F), 32 of them; 0 otherwise (AVX2's sixteen
/// of 256 bits, or another architecture). The kernels pick how many columns a block keeps in registers by it.
int unroll_has_wide_vectors(void);

#endif
