// The engine's API for the page (docs/engine.md). The page passes ajaxServices() and loadForgeBackend from
// ../services; everything else is here.

export {preflightLocal, preflightKaf, canProceed} from './preflight';
export {connect, type Connection, type ConnectResult, type EngineOptions} from './connect';
export {makePlan, makeRevertPlan, selectedPlan, type PlanOptions} from './plan';
export {runUpgrade, resume, rollback, revert} from './run/index';
export {checkKafUri, effectiveKafUri} from './kafuri';
export {tokenFingerprint} from './keys';
export type {KafView} from './hosted';
export type {Credentials} from './kaf/client';
export * from './model';
export {EngineError, isEngineError, type EngineErrorCode, type EngineOwnCode} from './errors';
