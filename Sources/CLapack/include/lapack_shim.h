#ifndef UNROLL_LAPACK_SHIM_H
#define UNROLL_LAPACK_SHIM_H

/* The two LAPACK routines Unroll's analysis needs, behind plain C signatures. Matrices are column-major
 * doubles and are overwritten. Each returns LAPACK's INFO: 0 on success, < 0 for a bad argument, > 0 when
 * the iteration did not converge. */

/* The min(rows, cols) singular values of a rows x cols matrix, largest first (dgesdd, no vectors). */
int unroll_singular_values(int rows, int cols, double *a, double *values);

/* The n eigenvalues of an n x n matrix as real and imaginary parts (dgeev, no vectors). */
int unroll_eigenvalues(int n, double *a, double *real, double *imaginary);

#endif
