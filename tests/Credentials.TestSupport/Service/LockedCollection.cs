using System.Collections;

namespace Credentials.TestSupport.Service;

/// <summary>A list the in-memory exporters can add to from their threads while a test reads a snapshot.</summary>
public sealed class LockedCollection<T> : ICollection<T>
{
    private readonly List<T> items = [];

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (items)
            {
                return items.Count;
            }
        }
    }

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <summary>A copy of the items now.</summary>
    public IReadOnlyList<T> Snapshot()
    {
        lock (items)
        {
            return [.. items];
        }
    }

    /// <inheritdoc />
    public void Add(T item)
    {
        lock (items)
        {
            items.Add(item);
        }
    }

    /// <inheritdoc />
    public void Clear()
    {
        lock (items)
        {
            items.Clear();
        }
    }

    /// <inheritdoc />
    public bool Contains(T item) => Snapshot().Contains(item);

    /// <inheritdoc />
    public void CopyTo(T[] array, int arrayIndex) => Snapshot().ToList().CopyTo(array, arrayIndex);

    /// <inheritdoc />
    public bool Remove(T item)
    {
        lock (items)
        {
            return items.Remove(item);
        }
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
