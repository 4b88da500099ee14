/*
 * Minimal hand-written reference for benchmarks B1 and B3
 * (shared/bench/MODELS.md): an M/M/c queue driven by a binary heap of
 * events, no framework.  It is the practical single-core upper bound that
 * CareFlow is compared with.
 *
 *   cc -O2 -o ref ref.c -lm
 *   ./ref b1 [--patients N] [--seed S]              (c = 10, N = 1,000,000)
 *   ./ref b3 --servers C [--patients N] [--seed S]  (N = 2,000,000)
 *
 * Exactly N patients arrive (Poisson, rate 0.09*c per minute); each is
 * served FIFO by one of c servers for an exponential time of mean 10 min;
 * the run ends when all N have been served.  Events (arrival, service
 * completion) live in one binary min-heap ordered by (time, sequence
 * number); waiting patients in a growable ring buffer of arrival times.
 * Random numbers: xoshiro256+ seeded by splitmix64, exponential by
 * -mean*log(1-u).  Prints the same `key: value` lines as careflow-bench.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- PRNG: xoshiro256+ ---- */
static uint64_t rng_s[4];

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(uint64_t seed) {
    for (int i = 0; i < 4; i++) rng_s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline double rng_uniform(void) { /* [0, 1) */
    uint64_t result = rng_s[0] + rng_s[3];
    uint64_t t = rng_s[1] << 17;
    rng_s[2] ^= rng_s[0];
    rng_s[3] ^= rng_s[1];
    rng_s[1] ^= rng_s[2];
    rng_s[0] ^= rng_s[3];
    rng_s[2] ^= t;
    rng_s[3] = rotl(rng_s[3], 45);
    return (double)(result >> 11) * 0x1.0p-53;
}

static inline double rng_exp(double mean) { return -mean * log(1.0 - rng_uniform()); }

/* ---- binary min-heap of events ---- */
enum { ARRIVAL = 0, DEPARTURE = 1 };
typedef struct {
    double time;
    uint64_t key; /* sequence number << 1 | kind: FIFO among equal times */
} Event;

static Event *heap;
static size_t heap_n, heap_cap;
static uint64_t next_seq;

static inline int before(const Event *a, const Event *b) {
    return a->time < b->time || (a->time == b->time && a->key < b->key);
}

static void heap_push(double time, int kind) {
    if (heap_n == heap_cap) {
        heap_cap = heap_cap ? 2 * heap_cap : 1024;
        heap = realloc(heap, heap_cap * sizeof *heap);
        if (!heap) { perror("realloc"); exit(1); }
    }
    Event e = { time, (next_seq++ << 1) | (uint64_t)kind };
    size_t i = heap_n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&e, &heap[p])) break;
        heap[i] = heap[p];
        i = p;
    }
    heap[i] = e;
}

static Event heap_pop(void) {
    Event top = heap[0], last = heap[--heap_n];
    size_t i = 0, n = heap_n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && before(&heap[c + 1], &heap[c])) c++;
        if (!before(&heap[c], &last)) break;
        heap[i] = heap[c];
        i = c;
    }
    if (n) heap[i] = last;
    return top;
}

/* ---- FIFO of waiting patients (their arrival times) ---- */
static double *fifo;
static size_t fifo_head, fifo_n, fifo_cap;

static void fifo_push(double t) {
    if (fifo_n == fifo_cap) {
        size_t cap = fifo_cap ? 2 * fifo_cap : 1024;
        double *f = malloc(cap * sizeof *f);
        if (!f) { perror("malloc"); exit(1); }
        for (size_t i = 0; i < fifo_n; i++) f[i] = fifo[(fifo_head + i) % fifo_cap];
        free(fifo);
        fifo = f, fifo_cap = cap, fifo_head = 0;
    }
    fifo[(fifo_head + fifo_n++) % fifo_cap] = t;
}

static double fifo_pop(void) {
    double t = fifo[fifo_head];
    fifo_head = (fifo_head + 1) % fifo_cap;
    fifo_n--;
    return t;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void usage(void) {
    fprintf(stderr, "usage: ref b1 [--patients N] [--seed S]\n"
                    "       ref b3 --servers C [--patients N] [--seed S]\n");
    exit(2);
}

int main(int argc, char **argv) {
    if (argc < 2) usage();
    const char *model = argv[1];
    long long patients = -1, servers = -1;
    unsigned long long seed = 1;
    if (strcmp(model, "b1") && strcmp(model, "b3")) usage();
    for (int i = 2; i < argc; i++) {
        if (i + 1 >= argc) usage();
        char *end;
        long long v = strtoll(argv[i + 1], &end, 10);
        if (*end || v < 0) usage();
        if (!strcmp(argv[i], "--patients")) patients = v;
        else if (!strcmp(argv[i], "--servers")) servers = v;
        else if (!strcmp(argv[i], "--seed")) seed = (unsigned long long)v;
        else usage();
        i++;
    }
    if (!strcmp(model, "b1")) {
        if (servers < 0) servers = 10;
        if (patients < 0) patients = 1000000;
    } else {
        if (servers < 1) usage();
        if (patients < 0) patients = 2000000;
    }
    if (patients < 1 || servers < 1) usage();

    double t0 = now_seconds();
    rng_seed(seed);
    const double arrival_mean = 1.0 / (0.09 * (double)servers), service_mean = 10.0;
    long long arrived = 0, completed = 0, busy = 0;
    double total_wait = 0.0;

    heap_push(rng_exp(arrival_mean), ARRIVAL);
    while (heap_n) {
        Event e = heap_pop();
        double now = e.time;
        if ((e.key & 1) == ARRIVAL) {
            arrived++;
            if (busy < servers) {
                busy++;
                heap_push(now + rng_exp(service_mean), DEPARTURE);
            } else {
                fifo_push(now);
            }
            if (arrived < patients) heap_push(now + rng_exp(arrival_mean), ARRIVAL);
        } else {
            completed++;
            if (fifo_n) {
                total_wait += now - fifo_pop();
                heap_push(now + rng_exp(service_mean), DEPARTURE);
            } else {
                busy--;
            }
        }
    }
    double wall = now_seconds() - t0;

    printf("model: %s\n", model);
    printf("library: c-reference\n");
    printf("servers: %lld\n", servers);
    printf("patients_completed: %lld\n", completed);
    printf("mean_wait_min: %.6g\n", total_wait / (double)completed);
    printf("wall_seconds: %.3f\n", wall);
    printf("patients_per_second: %.1f\n", wall > 0 ? completed / wall : 0.0);
    free(heap);
    free(fifo);
    return completed == patients ? 0 : 1;
}
