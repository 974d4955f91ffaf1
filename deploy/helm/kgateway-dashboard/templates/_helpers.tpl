{{- define "dashboard.name" -}}kgateway-dashboard{{- end }}

{{- define "dashboard.fullname" -}}
{{- if contains "kgateway-dashboard" .Release.Name }}{{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}{{ printf "%s-kgateway-dashboard" .Release.Name | trunc 63 | trimSuffix "-" }}{{- end }}
{{- end }}

{{- define "dashboard.labels" -}}
app.kubernetes.io/name: {{ include "dashboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "dashboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dashboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "dashboard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}{{ default (include "dashboard.fullname" .) .Values.serviceAccount.name }}
{{- else }}{{ default "default" .Values.serviceAccount.name }}{{- end }}
{{- end }}

{{- define "dashboard.validate" -}}
{{- if not (has .Values.auth.mode (list "oidc" "proxy")) }}
{{- fail "auth.mode must be oidc or proxy: the kubeconfig mode is for one person on a laptop and listens on loopback only" }}
{{- end }}
{{- if not .Values.auth.oidc.issuerURL }}
{{- fail (printf "auth.oidc.issuerURL is required in %s mode" .Values.auth.mode) }}
{{- end }}
{{- if and (eq .Values.auth.mode "oidc") (not .Values.auth.oidc.existingSecret) }}
{{- fail "auth.oidc.existingSecret is required in oidc mode (keys client-secret and session-secret)" }}
{{- end }}
{{- if and (eq .Values.auth.mode "proxy") (not .Values.auth.proxy.existingSecret) }}
{{- fail "auth.proxy.existingSecret is required in proxy mode (key proxy-secret): identity is accepted only from the proxy" }}
{{- end }}
{{- end }}
