// The final ranking (weights over rounds, freezing, the jury's overrides)
// and the award ceremony (presenter and audience screens): the calls and the
// shapes, generated from the server's OpenAPI document.

import { fillPath, request } from './client';
import { routes, routeUrl } from './endpoints';
import type { Body, CeremonyInput, CeremonyStepInput, FinalWeightsInput, FinalRanking, FinalEntry, FinalSettings, RoundWeight, Override, OverrideInput, PresenterView, CeremonyView, RevealCard } from './model';

export type { FinalRanking, FinalEntry, FinalSettings, RoundWeight, Override, OverrideInput, PresenterView, CeremonyView, RevealCard };

export type CeremonyStep = 'start' | 'next' | 'stop';

type Name = keyof typeof routes;

function call<T>(name: Name, params: Record<string, string | number>, body?: unknown): Promise<T> {
  const [method, template] = routes[name];
  return request<T>(method, fillPath(template, params), body);
}

export const ceremonyApi = {
  final: (slug: string) => call<FinalRanking>('finalRanking', { slug }),
  setWeights: (slug: string, b: FinalWeightsInput) => call<FinalSettings>('finalWeights', { slug }, b),
  freeze: (slug: string, frozen: boolean) => call<FinalSettings>('finalFreeze', { slug }, { frozen }),
  addOverride: (slug: string, b: Partial<OverrideInput>) => call<Override>('addOverride', { slug }, b),
  revokeOverride: (slug: string, id: number) => call<unknown>('revokeOverride', { slug, id }),
  presenter: (slug: string) => call<PresenterView>('ceremony', { slug }),
  configure: (slug: string, b: Body<CeremonyInput, 'revision'>) =>
    call<PresenterView>('configureCeremony', { slug }, b),
  step: (slug: string, step: CeremonyStep, b: Body<CeremonyStepInput, 'revision'>) => call<PresenterView>('ceremonyStep', { slug, step }, b),
  newLink: (slug: string, revision: number) => call<PresenterView>('ceremonyLink', { slug }, { revision }),
  audience: (token: string) => call<CeremonyView>('audience', { token }),
  audienceStreamUrl: (token: string) => routeUrl('audienceStream', { token }),
};
