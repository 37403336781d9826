import { randomBytes } from 'node:crypto';
import type { Connector } from '../model';
import type { ServiceDeps } from '../service/deps';
import { findConnector } from './connector-service';
import { type Onboarding, onboardingFor } from './onboarding';
import { type VerifyReport, verifyConnector } from './verify';

/**
 * Verifies a connector again, after the customer fixed the role or a setting.
 * With `rotateExternalId` the connector gets a new external ID first (the old
 * trust policy stops working) and the new onboarding items are returned; the
 * verification then fails until the customer pastes the new trust policy.
 */
export async function reauthenticateConnector(
  deps: ServiceDeps,
  idOrName: string,
  options: { rotateExternalId?: boolean } = {},
): Promise<{ connector: Connector; verify: VerifyReport; onboarding?: Onboarding }> {
  let connector = await findConnector(deps.connectors, idOrName);
  let onboarding: Onboarding | undefined;
  if (options.rotateExternalId) {
    connector = {
      ...connector,
      externalId: randomBytes(24).toString('base64url'),
      status: 'pending',
      updatedAt: deps.clock.now().toISOString(),
    };
    await deps.connectors.put(connector);
    onboarding = onboardingFor(connector, deps.platformRoles);
  }
  const verify = await verifyConnector(deps, connector.connectorId);
  return { connector: verify.connector, verify, onboarding };
}
