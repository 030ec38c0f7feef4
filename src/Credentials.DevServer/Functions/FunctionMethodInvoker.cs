using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.DevServer.Functions;

/// <summary>Runs one function method the way the worker does: a new instance per invocation, built by constructor injection.</summary>
internal static class FunctionMethodInvoker
{
    /// <summary>
    /// Creates the function class from <paramref name="services"/> (unless the method is static), calls the method and
    /// awaits it. Returns the method's result (the value of a <c>Task&lt;T&gt;</c>), or null for void and plain tasks.
    /// Exceptions thrown by the function surface unwrapped.
    /// </summary>
    public static async Task<object?> InvokeAsync(MethodInfo method, IServiceProvider services, object?[] arguments)
    {
        var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        try
        {
            var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            return await AwaitResultAsync(returned);
        }
        finally
        {
            // Instances made by ActivatorUtilities are not tracked by the scope, so they are disposed here.
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static async Task<object?> AwaitResultAsync(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task;
                var taskType = task.GetType();
                // async methods returning Task complete as Task<VoidTaskResult>; only a declared Task<T> has a result.
                return taskType.IsGenericType && taskType.GetGenericArguments()[0].Name != "VoidTaskResult"
                    ? taskType.GetProperty(nameof(Task<object>.Result))!.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            case not null when returned.GetType() is { IsGenericType: true } valueTaskType && valueTaskType.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)valueTaskType.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null)!;
                return await AwaitResultAsync(asTask);
            default:
                return returned;
        }
    }
}
