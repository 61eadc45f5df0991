global using System.Numerics;
