package httpapi

import "integrity/internal/domain"

// The audit trail's export names its codes as the audit page does: the
// action, the role, the kind of target and the outcome, in the reader's
// language. The names are the frontend's own (frontend/src/locales/
// {zh-CN,en}/audit.json and roles.json), each code with its Chinese and its
// English; TestAuditLabelsAreTheFrontends keeps the two the same.

// auditName is a code's name in the reader's language, or the code itself
// when it has none.
func auditName(names map[string][2]string, code string, en bool) string {
	n, ok := names[code]
	if !ok {
		return code
	}
	return label(domain.Label{Key: code, Zh: n[0], En: n[1]}, en)
}

// auditActions name the actions: audit.json's actions.
var auditActions = map[string][2]string{
	"login":                   {"登录", "Sign-in"},
	"login_locked":            {"登录锁定", "Sign-in locked"},
	"logout":                  {"退出登录", "Sign-out"},
	"refresh_reuse":           {"令牌重用", "Refresh token reuse"},
	"password_change":         {"修改密码", "Password change"},
	"totp_enable":             {"启用双因素", "Two-factor on"},
	"user_activation_issue":   {"签发激活码", "Activation code issued"},
	"user_activate":           {"激活账号", "Account activated"},
	"user_create":             {"新建用户", "User created"},
	"user_update":             {"修改用户", "User changed"},
	"user_roles":              {"修改角色", "Roles changed"},
	"user_reset_password":     {"重置密码", "Password reset"},
	"user_unlock":             {"解除锁定", "User unlocked"},
	"user_reset_totp":         {"重置双因素", "Two-factor reset"},
	"user_list":               {"查询用户", "Users listed"},
	"user_read":               {"查看用户", "User viewed"},
	"grant_request":           {"提出授权申请", "Grant requested"},
	"grant_request_list":      {"查询授权申请", "Grant requests listed"},
	"grant_approve":           {"批准授权", "Grant approved"},
	"grant_reject":            {"驳回授权", "Grant rejected"},
	"department_create":       {"新建部门", "Department created"},
	"department_update":       {"修改部门", "Department changed"},
	"official_create":         {"登记公职人员", "Official registered"},
	"official_update":         {"修改公职人员", "Official changed"},
	"official_read":           {"查看公职人员", "Official viewed"},
	"official_list":           {"查询公职人员", "Officials searched"},
	"official_import":         {"导入人员名册", "Roster imported"},
	"audit_read":              {"查阅审计日志", "Audit log read"},
	"audit_verify":            {"校验审计链", "Audit chain verified"},
	"access_denied":           {"拒绝访问", "Access denied"},
	"catalogue_add_code":      {"新增目录事项", "Catalogue code added"},
	"source_create":           {"新建数据来源", "Source created"},
	"source_update":           {"修改数据来源", "Source updated"},
	"source_key_create":       {"生成接口密钥", "API key issued"},
	"source_key_revoke":       {"吊销接口密钥", "API key revoked"},
	"client_create":           {"新建接口客户端", "API client created"},
	"client_disable":          {"停用接口客户端", "API client disabled"},
	"client_key_create":       {"生成客户端密钥", "Client key issued"},
	"client_key_revoke":       {"吊销客户端密钥", "Client key revoked"},
	"record_submit":           {"报送记录", "Records submitted"},
	"record_revoke":           {"撤销记录", "Record revoked"},
	"record_list":             {"查询记录", "Records listed"},
	"record_read":             {"查看记录", "Record viewed"},
	"import_start":            {"开始导入", "Import started"},
	"import_finish":           {"导入结束", "Import finished"},
	"file_read":               {"查看诚信档案", "Integrity file read"},
	"own_file_read":           {"查看本人档案", "Own file read"},
	"access_log_read":         {"查看本人档案查阅记录", "Own access log read"},
	"score_read":              {"查看诚信积分", "Score read"},
	"recompute_start":         {"发起积分重算", "Recompute started"},
	"policy_draft":            {"新建政策草稿", "Policy draft created"},
	"policy_edit":             {"修改政策草稿", "Policy draft edited"},
	"policy_publish":          {"发布政策", "Policy published"},
	"crypto_migrate":          {"加密数据迁移", "Encryption migrated"},
	"lookup_request":          {"申请查阅", "Lookup requested"},
	"lookup_approve":          {"批准查阅", "Lookup approved"},
	"lookup_reject":           {"驳回查阅", "Lookup rejected"},
	"lookup_revoke":           {"撤销查阅授权", "Lookup revoked"},
	"lookup_expire":           {"查阅到期", "Lookup expired"},
	"lookup_inbox":            {"查看审批消息", "Inbox read"},
	"lookup_list":             {"查询查阅申请", "Lookups listed"},
	"lookup_read":             {"查看查阅申请", "Lookup viewed"},
	"warning_list":            {"查询预警", "Warnings listed"},
	"warning_read":            {"查看预警", "Warning viewed"},
	"warning_acknowledged":    {"确认预警", "Warning acknowledged"},
	"warning_resolved":        {"处理预警", "Warning resolved"},
	"dispute_file":            {"提出异议", "Dispute filed"},
	"dispute_extend":          {"延长异议办理期限", "Dispute deadline extended"},
	"dispute_resolve":         {"作出异议处理决定", "Dispute resolved"},
	"dispute_list":            {"查询异议", "Disputes listed"},
	"dispute_read":            {"查看异议", "Dispute viewed"},
	"dispute_attachment_read": {"查看异议附件", "Dispute attachment opened"},
	"repair_apply":            {"申请信用修复", "Credit repair applied for"},
	"repair_decide":           {"审核信用修复", "Credit repair decided"},
	"repair_list":             {"查询信用修复申请", "Repair applications listed"},
	"repair_read":             {"查看信用修复申请", "Repair application viewed"},
	"repair_attachment_read":  {"查看信用修复附件", "Repair attachment opened"},
	"appeal_file":             {"登记复审复核申诉", "Appeal filed"},
	"appeal_decide":           {"记录复审复核申诉结果", "Appeal decided"},
	"appeal_list":             {"查询复审复核申诉", "Appeals listed"},
	"appeal_read":             {"查看复审复核申诉", "Appeal viewed"},
	"eligibility_check":       {"资格审查", "Eligibility check"},
	"eligibility_outcome":     {"记录结果运用", "Outcome recorded"},
	"eligibility_rerun":       {"复算资格审查", "Eligibility check rerun"},
	"check_list":              {"查询审查记录", "Checks listed"},
	"check_read":              {"查看审查结果", "Check viewed"},
	"check_export":            {"导出审查结果", "Check exported"},
	"report_issue":            {"出具诚信档案报告", "Report issued"},
	"report_list":             {"查询诚信档案报告", "Reports listed"},
	"report_read":             {"查看诚信档案报告", "Report viewed"},
	"report_verify":           {"验证报告", "Report verified"},
	"report_revoke":           {"撤销诚信档案报告", "Report revoked"},
	"statistics_forms_read":   {"查看四种形态统计", "Four forms statistics read"},
	"statistics_records_read": {"查看统计明细", "Statistics records read"},
	"statistics_unit_read":    {"查看单位画像", "Unit profile read"},
	"opinion_request":         {"征求廉政意见", "Integrity opinions requested"},
	"opinion_list":            {"查询廉政意见函", "Opinion requests listed"},
	"opinion_read":            {"查看廉政意见函", "Opinion request viewed"},
	"opinion_draft":           {"拟稿廉政意见", "Opinions drafted"},
	"opinion_conclusion":      {"修改回复意见", "Conclusion changed"},
	"opinion_sign":            {"签发廉政意见回复", "Opinion reply signed"},
	"opinion_reply_read":      {"查看廉政意见回复", "Opinion reply read"},
	"opinion_file_read":       {"拟稿调阅档案", "File read for an opinion"},
}

// auditOutcomes name the outcomes: audit.json's outcomes.
var auditOutcomes = map[string][2]string{
	"success": {"成功", "Success"},
	"failure": {"失败", "Failure"},
	"denied":  {"拒绝", "Denied"},
}

// auditTargetTypes name the kinds of target: audit.json's targetTypes.
var auditTargetTypes = map[string][2]string{
	"official":          {"人员", "Official"},
	"user":              {"用户", "User"},
	"record":            {"记录", "Record"},
	"lookup":            {"查询申请", "Lookup"},
	"department":        {"单位", "Unit"},
	"source":            {"数据来源", "Source"},
	"import":            {"导入", "Import"},
	"audit":             {"审计日志", "Audit trail"},
	"appeal":            {"复核申请", "Appeal"},
	"catalogue":         {"记录目录", "Catalogue"},
	"client":            {"接口客户端", "API client"},
	"crypto":            {"密钥", "Keys"},
	"dispute":           {"异议", "Dispute"},
	"eligibility_check": {"资格审查", "Eligibility check"},
	"job":               {"后台任务", "Job"},
	"opinion":           {"廉政意见", "Integrity opinion"},
	"policy":            {"规则", "Policy"},
	"repair":            {"信用修复", "Credit repair"},
	"report":            {"报告", "Report"},
	"route":             {"接口", "Route"},
	"session":           {"会话", "Session"},
	"warning":           {"预警", "Warning"},
	"file":              {"档案", "File"},
	"grant_request":     {"授权申请", "Grant request"},
}

// auditRoles name the roles: roles.json.
var auditRoles = map[string][2]string{
	"admin":               {"系统管理员", "System administrator"},
	"security_admin":      {"安全管理员", "Security administrator"},
	"discipline_staff":    {"纪检监察工作人员", "Discipline inspection staff"},
	"discipline_approver": {"纪检监察审批人", "Discipline inspection approver"},
	"personnel_staff":     {"组织人事工作人员", "Personnel staff"},
	"data_clerk":          {"数据录入员", "Data clerk"},
	"official":            {"公职人员本人", "Public official (own file)"},
	"auditor":             {"审计管理员", "Audit administrator"},
}
