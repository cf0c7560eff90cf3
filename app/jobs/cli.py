"""`flask jobs status` and `flask jobs run`: the periodic jobs from the command line."""

import click
from flask.cli import AppGroup

from app.jobs import runner
from app.jobs.status import every_text, job_statuses

jobs_cli = AppGroup("jobs", help="Periodic jobs (they run by themselves in serving processes).")


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"


@jobs_cli.command("status")
def status_command() -> None:
    """Show each job's schedule, last run, duration, last error and next run."""
    click.echo(f"{'job':28} {'every':>6}  {'last run':19}  {'ms':>7}  {'next run':19}  state")
    for job in job_statuses():
        state = job.state
        ms = str(state.last_duration_ms) if state and state.last_duration_ms is not None else "-"
        flag = "running" if job.running else ("failing" if job.failing else ("ok" if state and state.runs else "new"))
        last = _when(state.last_started_at if state else None)
        click.echo(f"{job.name:28} {every_text(job.every):>6}  {last:19}  {ms:>7}  {_when(job.next_run_at):19}  {flag}")
        if state and state.last_error:
            click.echo("    last error: " + state.last_error.strip().splitlines()[-1])


@jobs_cli.command("run")
@click.argument("name", required=False)
@click.option("--all", "run_all", is_flag=True, help="Run every job now, due or not.")
def run_command(name: str | None, run_all: bool) -> None:
    """Run one job (or every job with --all) now in this process, under its lease."""
    from app.core import jobs

    registered = jobs.registered()
    if not run_all and name not in registered:
        raise click.BadParameter(f"unknown job {name!r}; known: {', '.join(sorted(registered))}")
    owner = runner.new_owner()
    for job_name in sorted(registered) if run_all else [name]:
        runner.request_run(job_name)
        ran = runner.run_job(registered[job_name], owner)
        click.echo(f"{job_name}: {'ran' if ran else 'skipped (another process is running it)'}")


@jobs_cli.command("worker")
def worker_command() -> None:
    """Run only the job runner in this process until stopped (when split from the web processes)."""
    from flask import current_app

    runner.runner_loop(current_app._get_current_object())
