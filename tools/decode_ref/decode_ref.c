/*
 * decode_ref: a plain one-thread float32 decoder step in C, the yardstick for `musicgen bench decode`.
 *
 * The shape of a llama-style decoder (as llama2.c's run.c runs it): per layer RMSNorm, q/k/v projections,
 * rotary position embedding on q and k, causal attention over every cached position, output projection,
 * RMSNorm, SwiGLU feed-forward; then a final RMSNorm and a classifier. Matrix-vector products are plain
 * loops over float32 rows left to the compiler's auto-vectoriser (-Ofast -march=native), one thread.
 * Weights are random: only the time matters.
 *
 * The dimensions default to the shipped PhraseTransformer's (models/phrase-transformer.json: 4 layers,
 * d 256, 4 heads); its GELU MLP (2·d·mlp weights, mlp 1024) becomes a SwiGLU of hidden 688 (3·d·688 ≈ 2·d·1024,
 * so the multiply-adds match).
 *
 * Timing: for each context C the cache is filled with C positions, then the step at position C - 1 is run
 * again and again (it overwrites its own slot, so every repeat attends to exactly C positions) and the median
 * of the thread's CPU time per step (CLOCK_THREAD_CPUTIME_ID) is printed with the wall-clock median.
 *
 * usage: decode_ref [--steps N] [--layers L] [--dim D] [--heads H] [--hidden F] [--vocab V] [contexts...]
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    int layers, dim, heads, hidden, vocab, max_ctx;
} Shape;

typedef struct {
    float *norm_att, *norm_ffn; /* [layers][dim] */
    float *wq, *wk, *wv, *wo;   /* [layers][dim][dim] */
    float *w_gate, *w_up;       /* [layers][hidden][dim] */
    float *w_down;              /* [layers][dim][hidden] */
    float *norm_final;          /* [dim] */
    float *classifier;          /* [vocab][dim] */
} Weights;

typedef struct {
    float *x, *xn, *q, *att_out, *tmp, *gate, *up, *scores, *logits;
    float *key_cache, *value_cache; /* [layers][max_ctx][dim] */
} State;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static float rand_uniform(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (float)((rng_state * 0x2545F4914F6CDD1Dull) >> 40) / 16777216.0f; /* [0, 1) */
}

static float *alloc_floats(size_t n) {
    float *p = aligned_alloc(64, ((n * sizeof(float)) + 63) / 64 * 64);
    if (!p) {
        fprintf(stderr, "decode_ref: out of memory (%zu floats)\n", n);
        exit(1);
    }
    return p;
}

static float *random_floats(size_t n, float scale) {
    float *p = alloc_floats(n);
    for (size_t i = 0; i < n; i++) p[i] = (rand_uniform() * 2.0f - 1.0f) * scale;
    return p;
}

static float *ones(size_t n) {
    float *p = alloc_floats(n);
    for (size_t i = 0; i < n; i++) p[i] = 1.0f;
    return p;
}

/* out[rows] = W[rows][cols] · x: one dot product per row. */
static void matvec(float *restrict out, const float *restrict w, const float *restrict x, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
        const float *row = w + (size_t)r * cols;
        float sum = 0.0f;
        for (int c = 0; c < cols; c++) sum += row[c] * x[c];
        out[r] = sum;
    }
}

static void rms_norm(float *restrict out, const float *restrict x, const float *restrict gain, int n) {
    float ss = 0.0f;
    for (int i = 0; i < n; i++) ss += x[i] * x[i];
    float inv = 1.0f / sqrtf(ss / (float)n + 1e-5f);
    for (int i = 0; i < n; i++) out[i] = x[i] * inv * gain[i];
}

static void softmax(float *x, int n) {
    float max = x[0];
    for (int i = 1; i < n; i++) if (x[i] > max) max = x[i];
    float sum = 0.0f;
    for (int i = 0; i < n; i++) {
        x[i] = expf(x[i] - max);
        sum += x[i];
    }
    float inv = 1.0f / sum;
    for (int i = 0; i < n; i++) x[i] *= inv;
}

/* Half-split rotary embedding on each head of v (pairs i and i + head/2), at position pos. */
static void rotate(float *v, int heads, int head_dim, int pos) {
    int half = head_dim / 2;
    for (int h = 0; h < heads; h++) {
        float *p = v + h * head_dim;
        for (int i = 0; i < half; i++) {
            float freq = powf(10000.0f, -2.0f * (float)i / (float)head_dim);
            float angle = (float)pos * freq;
            float c = cosf(angle), s = sinf(angle);
            float a = p[i], b = p[i + half];
            p[i] = a * c - b * s;
            p[i + half] = a * s + b * c;
        }
    }
}

/* One token at position pos: its key and value join the cache and it attends to positions 0 … pos. */
static void step(const Shape *sh, const Weights *w, State *s, int token, int pos) {
    int d = sh->dim, hd = d / sh->heads, f = sh->hidden;
    float scale = 1.0f / sqrtf((float)hd);
    for (int i = 0; i < d; i++) s->x[i] = w->classifier[(size_t)token * d + i]; /* tied embedding */

    for (int l = 0; l < sh->layers; l++) {
        size_t dd = (size_t)d * d, fd = (size_t)f * d;
        float *k_row = s->key_cache + ((size_t)l * sh->max_ctx + pos) * d;
        float *v_row = s->value_cache + ((size_t)l * sh->max_ctx + pos) * d;
        rms_norm(s->xn, s->x, w->norm_att + (size_t)l * d, d);
        matvec(s->q, w->wq + l * dd, s->xn, d, d);
        matvec(k_row, w->wk + l * dd, s->xn, d, d);
        matvec(v_row, w->wv + l * dd, s->xn, d, d);
        rotate(s->q, sh->heads, hd, pos);
        rotate(k_row, sh->heads, hd, pos);

        const float *keys = s->key_cache + (size_t)l * sh->max_ctx * d;
        const float *values = s->value_cache + (size_t)l * sh->max_ctx * d;
        for (int h = 0; h < sh->heads; h++) {
            const float *qh = s->q + h * hd;
            for (int t = 0; t <= pos; t++) {
                const float *kt = keys + (size_t)t * d + h * hd;
                float dot = 0.0f;
                for (int i = 0; i < hd; i++) dot += qh[i] * kt[i];
                s->scores[t] = dot * scale;
            }
            softmax(s->scores, pos + 1);
            float *out = s->att_out + h * hd;
            for (int i = 0; i < hd; i++) out[i] = 0.0f;
            for (int t = 0; t <= pos; t++) {
                const float *vt = values + (size_t)t * d + h * hd;
                float a = s->scores[t];
                for (int i = 0; i < hd; i++) out[i] += a * vt[i];
            }
        }

        matvec(s->tmp, w->wo + l * dd, s->att_out, d, d);
        for (int i = 0; i < d; i++) s->x[i] += s->tmp[i];

        rms_norm(s->xn, s->x, w->norm_ffn + (size_t)l * d, d);
        matvec(s->gate, w->w_gate + l * fd, s->xn, f, d);
        matvec(s->up, w->w_up + l * fd, s->xn, f, d);
        for (int i = 0; i < f; i++) {
            float g = s->gate[i];
            s->gate[i] = g / (1.0f + expf(-g)) * s->up[i];
        }
        matvec(s->tmp, w->w_down + l * fd, s->gate, d, f);
        for (int i = 0; i < d; i++) s->x[i] += s->tmp[i];
    }

    rms_norm(s->xn, s->x, w->norm_final, d);
    matvec(s->logits, w->classifier, s->xn, sh->vocab, d);
}

static double now_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int parse_int(const char *flag, const char *text) {
    char *end;
    long v = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v <= 0 || v > 1 << 20) {
        fprintf(stderr, "decode_ref: %s wants a positive integer, got '%s'\n", flag, text);
        exit(2);
    }
    return (int)v;
}

int main(int argc, char **argv) {
    Shape sh = {.layers = 4, .dim = 256, .heads = 4, .hidden = 688, .vocab = 512, .max_ctx = 0};
    int steps = 200, contexts[16], n_ctx = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (!strcmp(a, "--steps") && has_value) steps = parse_int(a, argv[++i]);
        else if (!strcmp(a, "--layers") && has_value) sh.layers = parse_int(a, argv[++i]);
        else if (!strcmp(a, "--dim") && has_value) sh.dim = parse_int(a, argv[++i]);
        else if (!strcmp(a, "--heads") && has_value) sh.heads = parse_int(a, argv[++i]);
        else if (!strcmp(a, "--hidden") && has_value) sh.hidden = parse_int(a, argv[++i]);
        else if (!strcmp(a, "--vocab") && has_value) sh.vocab = parse_int(a, argv[++i]);
        else if (a[0] != '-' && n_ctx < 16) contexts[n_ctx++] = parse_int("context", a);
        else {
            fprintf(stderr, "decode_ref: unknown or incomplete argument '%s'\n", a);
            return 2;
        }
    }
    if (n_ctx == 0) {
        contexts[0] = 64, contexts[1] = 512, contexts[2] = 1024;
        n_ctx = 3;
    }
    if (sh.dim % sh.heads != 0 || (sh.dim / sh.heads) % 2 != 0) {
        fprintf(stderr, "decode_ref: dim %d must split into %d heads of even size\n", sh.dim, sh.heads);
        return 2;
    }
    for (int i = 0; i < n_ctx; i++) if (contexts[i] > sh.max_ctx) sh.max_ctx = contexts[i];

    int d = sh.dim, f = sh.hidden, L = sh.layers;
    float ws = 1.0f / sqrtf((float)d);
    Weights w = {
        .norm_att = ones((size_t)L * d), .norm_ffn = ones((size_t)L * d),
        .wq = random_floats((size_t)L * d * d, ws), .wk = random_floats((size_t)L * d * d, ws),
        .wv = random_floats((size_t)L * d * d, ws), .wo = random_floats((size_t)L * d * d, ws),
        .w_gate = random_floats((size_t)L * f * d, ws), .w_up = random_floats((size_t)L * f * d, ws),
        .w_down = random_floats((size_t)L * d * f, 1.0f / sqrtf((float)f)),
        .norm_final = ones(d), .classifier = random_floats((size_t)sh.vocab * d, ws),
    };
    State s = {
        .x = alloc_floats(d), .xn = alloc_floats(d), .q = alloc_floats(d), .att_out = alloc_floats(d),
        .tmp = alloc_floats(d), .gate = alloc_floats(f), .up = alloc_floats(f),
        .scores = alloc_floats(sh.max_ctx), .logits = alloc_floats(sh.vocab),
        .key_cache = alloc_floats((size_t)L * sh.max_ctx * d), .value_cache = alloc_floats((size_t)L * sh.max_ctx * d),
    };

    long params = (long)L * (4L * d * d + 3L * d * f + 2L * d) + d + (long)sh.vocab * d;
    printf("decode_ref: layers=%d d=%d heads=%d swiglu_hidden=%d vocab=%d params=%ld float32, one thread, steps=%d\n",
           L, d, sh.heads, f, sh.vocab, params, steps);
    double *cpu = malloc(sizeof(double) * steps), *wall = malloc(sizeof(double) * steps);
    float checksum = 0.0f;
    for (int c = 0; c < n_ctx; c++) {
        int ctx = contexts[c];
        for (int pos = 0; pos < ctx; pos++) step(&sh, &w, &s, pos % sh.vocab, pos);
        for (int i = 0; i < steps; i++) {
            double c0 = now_ns(CLOCK_THREAD_CPUTIME_ID), w0 = now_ns(CLOCK_MONOTONIC);
            step(&sh, &w, &s, i % sh.vocab, ctx - 1);
            wall[i] = (now_ns(CLOCK_MONOTONIC) - w0) / 1e6;
            cpu[i] = (now_ns(CLOCK_THREAD_CPUTIME_ID) - c0) / 1e6;
            checksum += s.logits[i % sh.vocab];
        }
        qsort(cpu, steps, sizeof(double), compare_doubles);
        qsort(wall, steps, sizeof(double), compare_doubles);
        printf("context %5d: thread CPU median %.3f ms (p10 %.3f, p90 %.3f); wall median %.3f ms\n", ctx,
               cpu[steps / 2], cpu[steps / 10], cpu[steps * 9 / 10], wall[steps / 2]);
        printf("ref_cpu_ms_ctx%d=%.4f\n", ctx, cpu[steps / 2]);
    }
    /* The checksum keeps the compiler from dropping the steps as unused. */
    printf("checksum=%g\n", (double)checksum);
    return 0;
}
