// The certificate routes (templates, generation, downloads, verification),
// typed from the generated API schema.

import { fillPath, request, API_BASE } from './client';
import type { CertificateTemplate, CertificateTemplateInput, Certificate, CertificateOverview, CertificateRun, CertificateVerification } from './model';

export type { CertificateTemplate, CertificateTemplateInput, Certificate, CertificateOverview, CertificateRun, CertificateVerification };

/** Method and path template of each certificate route, relative to /api/v1. */
export const certificateRoutes = {
  getTemplate: ['GET', '/contests/{slug}/certificates/template'],
  saveTemplate: ['PUT', '/contests/{slug}/certificates/template'],
  setImage: ['PUT', '/contests/{slug}/certificates/template/{image}'],
  generate: ['POST', '/contests/{slug}/certificates/generate'],
  overview: ['GET', '/contests/{slug}/certificates'],
  verify: ['GET', '/certificates/{code}'],
  revoke: ['POST', '/certificates/{code}/revoke'],
  download: ['GET', '/certificates/{code}/download'],
  team: ['GET', '/teams/{id}/certificates'],
  mine: ['GET', '/me/certificates'],
} as const;

type Name = keyof typeof certificateRoutes;

function call<T>(name: Name, params?: Record<string, string | number>, body?: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
  const [method, template] = certificateRoutes[name];
  return request<T>(method, fillPath(template, params), body, { query });
}

/** A certificate code: 16 characters of Crockford base32 (never a contest slug, which is lowercase). */
export const CERTIFICATE_CODE = /^[0-9A-HJKMNP-TV-Z]{16}$/;

/** Reads a file as base64 (without the data: prefix), for the image upload. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** Certificates per page of the organizers' list. */
export const CERTIFICATE_PAGE = 100;

export const certificatesApi = {
  getTemplate: (slug: string) => call<CertificateTemplate>('getTemplate', { slug }),
  saveTemplate: (slug: string, b: CertificateTemplateInput) => call<CertificateTemplate>('saveTemplate', { slug }, b),
  /** Uploads (base64) or, with an empty string, removes the logo or the signature. */
  setImage: (slug: string, image: 'logo' | 'signature', data: string) => call<CertificateTemplate>('setImage', { slug, image }, { data }),
  generate: (slug: string) => call<CertificateRun>('generate', { slug }, {}),
  /** The progress, the counts and one page of certificates (next_after: the next page's `after`, 0 on the last). */
  overview: (slug: string, after?: number) => call<CertificateOverview>('overview', { slug }, undefined, { after, limit: CERTIFICATE_PAGE }),
  verify: (code: string) => call<CertificateVerification>('verify', { code }),
  revoke: (code: string, reason: string) => call<Certificate>('revoke', { code }, { reason }),
  team: (id: string | number) => call<Certificate[]>('team', { id }),
  mine: () => call<Certificate[]>('mine'),
  /** The download route: a redirect to a short-lived attachment link in the bucket. */
  downloadUrl: (code: string) => API_BASE + fillPath(certificateRoutes.download[1], { code }),
};
