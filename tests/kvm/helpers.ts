import { Simulation } from "../../lib/engine/simulation.ts";
import { call, type GuestOp, type GuestProgram } from "../../lib/guest/guest_program.ts";
import { HostScheduler, type HostSchedulerOptions } from "../../lib/host/host_scheduler.ts";
import { Vm, type VmOptions } from "../../lib/kvm/vm.ts";

/** A host and one VM with silent timers, for mechanism tests. */
export function setup(
  vm: Omit<VmOptions, "name"> = {},
  host: HostSchedulerOptions = {},
) {
  const sim = new Simulation();
  const h = new HostScheduler(sim, { trace: {}, ...host });
  const v = new Vm(h, { name: "vm", ...vm });
  v.stopTimers();
  return { sim, host: h, vm: v };
}

/** A log of instants at which guest code passed marks. */
export class Marks {
  readonly at = new Map<string, number>();
  constructor(readonly sim: Simulation) {}
  /** A guest operation that records `name` at the current instant. */
  mark(name: string): GuestOp {
    return call(() => this.at.set(name, this.sim.now));
  }
  get(name: string): number {
    const t = this.at.get(name);
    if (t === undefined) throw new Error(`mark ${name} never reached`);
    return t;
  }
}

/** A program from operations. */
export function* program(...ops: GuestOp[]): GuestProgram {
  yield* ops;
}

export { acquire, exit, ready, release, shootdown, work } from "../../lib/guest/guest_program.ts";
