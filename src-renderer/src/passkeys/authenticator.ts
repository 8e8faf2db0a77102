// Where the ceremonies run, as main decides it (getPasskeyPath): the renderer's navigator.credentials,
// or, on macOS in Electron, main's native AuthenticationServices bridge. Both answer in the same shapes.
import type { z } from 'zod';
import type { CreationOptions, RequestOptions } from '../../../src-shared/passkey-contract.ts';
import type { CompanionApi } from '../../../src-shared/api.ts';
import { unwrap } from '../api/api-error.ts';
import { createPasskey, getAssertion, type Assertion, type Registration } from './webauthn.ts';

export interface Authenticator {
  readonly create: (creation: z.infer<typeof CreationOptions>) => Promise<Registration>;
  readonly get: (request: z.infer<typeof RequestOptions>) => Promise<Assertion>;
}

const browserAuthenticator: Authenticator = { create: createPasskey, get: getAssertion };

function nativeAuthenticator(api: CompanionApi): Authenticator {
  return {
    create: async (creation) => {
      const out = unwrap(await api.nativeCreatePasskey({ creation }));
      return { response: out.registration, prfEnabled: out.prfEnabled, prfFirst: out.prf?.first };
    },
    get: async (request) => {
      const out = unwrap(await api.nativeGetPasskey({ request }));
      return { response: out.assertion, prf: out.prf };
    },
  };
}

const chosen = new WeakMap<CompanionApi, Promise<Authenticator>>();

/** The host's ceremony path, asked once per connection. */
export function authenticatorFor(api: CompanionApi): Promise<Authenticator> {
  let authenticator = chosen.get(api);
  if (authenticator === undefined) {
    authenticator = api
      .getPasskeyPath({})
      .then((result) => (unwrap(result).path === 'native-macos' ? nativeAuthenticator(api) : browserAuthenticator));
    // A failed question is asked again next time rather than remembered.
    authenticator.catch(() => chosen.delete(api));
    chosen.set(api, authenticator);
  }
  return authenticator;
}
