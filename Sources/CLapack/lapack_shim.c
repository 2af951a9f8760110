#include "lapack_shim.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

/* One LAPACK call at a time. Several threads call in (the explorer's analysis and triangle workers, the
 * spectrum beside BPTT, tests run side by side), and the serial OpenBLAS Debian ships is not documented as
 * safe for that: a full test run once got singular values 36% off those of the same matrix from another
 * call, which no run of the test alone repeats. The calls take milliseconds at the sizes shown, so holding
 * them one at a time costs nothing that shows. */
static pthread_mutex_t lapack_lock = PTHREAD_MUTEX_INITIALIZER;

/* Fortran LAPACK, as OpenBLAS and the reference LAPACK export it. Character arguments carry their length
 * as a hidden trailing argument (the gfortran convention). */
extern void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s,
                    double *u, const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork,
                    int *iwork, int *info, size_t jobz_length);
extern void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda, double *wr,
                   double *wi, double *vl, const int *ldvl, double *vr, const int *ldvr, double *work,
                   const int *lwork, int *info, size_t jobvl_length, size_t jobvr_length);

int unroll_singular_values(int rows, int cols, double *a, double *values) {
    int info = 0, query = -1, one = 1, lda = rows > 1 ? rows : 1;
    int smaller = rows < cols ? rows : cols;
    if (smaller == 0) return 0;
    int *iwork = malloc(sizeof(int) * 8 * (size_t)smaller);
    if (!iwork) return -100;
    double size = 0, unused = 0;
    pthread_mutex_lock(&lapack_lock);
    dgesdd_("N", &rows, &cols, a, &lda, values, &unused, &one, &unused, &one, &size, &query, iwork, &info, 1);
    int lwork = info == 0 ? (int)size : 0;
    double *work = info == 0 ? malloc(sizeof(double) * (size_t)(lwork > 1 ? lwork : 1)) : NULL;
    if (info == 0 && work) {
        dgesdd_("N", &rows, &cols, a, &lda, values, &unused, &one, &unused, &one, work, &lwork, iwork, &info, 1);
    } else if (info == 0) {
        info = -100;
    }
    pthread_mutex_unlock(&lapack_lock);
    free(work);
    free(iwork);
    return info;
}

int unroll_eigenvalues(int n, double *a, double *real, double *imaginary) {
    int info = 0, query = -1, one = 1, lda = n > 1 ? n : 1;
    if (n == 0) return 0;
    double size = 0, unused = 0;
    pthread_mutex_lock(&lapack_lock);
    dgeev_("N", "N", &n, a, &lda, real, imaginary, &unused, &one, &unused, &one, &size, &query, &info, 1, 1);
    int lwork = info == 0 ? (int)size : 0;
    double *work = info == 0 ? malloc(sizeof(double) * (size_t)(lwork > 1 ? lwork : 1)) : NULL;
    if (info == 0 && work) {
        dgeev_("N", "N", &n, a, &lda, real, imaginary, &unused, &one, &unused, &one, work, &lwork, &info, 1, 1);
    } else if (info == 0) {
        info = -100;
    }
    pthread_mutex_unlock(&lapack_lock);
    free(work);
    return info;
}
