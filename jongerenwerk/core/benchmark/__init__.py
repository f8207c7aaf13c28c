"""The benchmarks' own pieces: a bare view to measure the portal against, and the URLconf that
adds it to the portal's, used only by `manage.py throughput_benchmark` (which serves
`jongerenwerk.core.benchmark.settings`; production never routes to the bare view); and the
timing and benchmark members the apps' benchmark commands share (`timing`)."""
