// Routing (智能派单): suggestions for the agent desk, the dispatchers' manual queue, centre settings.
import type { Language, Priority, RequestKind } from './enums';

export type RoutingMode = 'auto' | 'suggest';

export interface RoutingSuggestRequest {
  title: string;
  content: string;
  districtCode?: string;
  address?: string;
  language: Language;
}

export interface RoutingSuggestionView {
  /** Null for a 属地 matter whose district is not known yet. */
  departmentId: string | null;
  departmentCode: string | null;
  departmentName: string;
  /** 0..1; in auto mode the worker dispatches when the top score reaches the centre's threshold. */
  score: number;
  /** What decided it: the matter catalogue, catalogue keywords, the learned classifier, or both. */
  source: string;
  /** The words that decided it, most influential first. */
  words: string[];
  matterCodes?: string[];
}

export interface RoutingSuggestResponse {
  /** Version of the router model used (routing_models.version); null before the first training. */
  modelVersion: number | null;
  /** The district the text is about: given, or read from the address/text. */
  districtCode: string | null;
  suggestions: RoutingSuggestionView[];
}

export interface RoutingQueueItem {
  id: string;
  code: string;
  kind: RequestKind;
  priority: Priority;
  language: Language;
  title: string;
  districtCode: string | null;
  createdAt: string;
  /** Why a dispatcher must decide (suggest mode, score under the threshold, …). */
  reason: string | null;
  modelVersion: number | null;
  suggestions: RoutingSuggestionView[];
}

export interface RoutingSettingsView {
  centreId: string;
  mode: RoutingMode;
  threshold: number;
  /** True when the centre has no setting of its own and uses the city default. */
  inherited: boolean;
}

export interface RoutingSettingsRequest {
  mode: RoutingMode;
  threshold: number;
}

export interface RoutingModelView {
  version: number;
  algorithm: string;
  reason: string;
  trainedAt: string;
  positives: number;
  negatives: number;
  labels: number;
  stats: Record<string, unknown>;
}
