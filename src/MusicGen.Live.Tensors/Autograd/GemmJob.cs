using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Autograd;

/// <summary>
/// A matrix product split by rows of C across a <see cref="WorkerPool"/>. Op records keep one instance each
/// and re-arm it per call, so running it allocates nothing.
/// </summary>
internal sealed class GemmJob : IParallelJob
{
    private const int MinRowsPerTask = 8;

    private GemmKind _kind;
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private int _aOff;
    private int _bOff;
    private int _cOff;
    private int _lda;
    private int _ldb;
    private int _ldc;
    private int _m;
    private int _n;
    private int _k;
    private bool _accumulate;
    private int _tasks;

    public void Run(WorkerPool pool, GemmKind kind, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int n, int k, bool accumulate)
    {
        _kind = kind;
        _a = a;
        _b = b;
        _c = c;
        _aOff = aOff;
        _bOff = bOff;
        _cOff = cOff;
        _lda = lda;
        _ldb = ldb;
        _ldc = ldc;
        _m = m;
        _n = n;
        _k = k;
        _accumulate = accumulate;
        _tasks = Math.Clamp(m / MinRowsPerTask, 1, pool.ThreadCount);
        pool.Run(this, _tasks);
        _a = _b = _c = [];
    }

    public void Execute(int task)
    {
        var (s, e) = WorkerPool.Slice(_m, _tasks, task);
        if (e <= s)
        {
            return;
        }

        var rows = e - s;
        var c = _c.AsSpan(_cOff + (s * _ldc));
        switch (_kind)
        {
            case GemmKind.NT:
                Gemm.NT(_a.AsSpan(_aOff + (s * _lda)), _lda, _b.AsSpan(_bOff), _ldb, c, _ldc, rows, _n, _k, _accumulate);
                break;
            case GemmKind.NN:
                Gemm.NN(_a.AsSpan(_aOff + (s * _lda)), _lda, _b.AsSpan(_bOff), _ldb, c, _ldc, rows, _n, _k, _accumulate);
                break;
            default:
                Gemm.TN(_a.AsSpan(_aOff + s), _lda, _b.AsSpan(_bOff), _ldb, c, _ldc, rows, _n, _k, _accumulate);
                break;
        }
    }
}
