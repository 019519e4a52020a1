/** The fleet runner: many hosts at once, each with its own executor, its report handed on as it finishes; and loading plugins and sagas from files and packages, as the CLI does. */
export { runFleet } from './run-fleet.js';
export { StartPacer, type PacingOptions } from './pacer.js';
export type { ExecutorContext, ExecutorFactory, FactsFleetOptions, FleetOptionsBase, FleetResult, FleetTarget, SagaFleetOptions, SagaReport } from './options.js';
export { loadPlugins, refOf, PluginLoadError, type LoadedPlugin, type PluginRef, type PluginRequest, type PluginSet } from './plugins.js';
export { loadSagaModule, type SagaModule } from './saga-module.js';
